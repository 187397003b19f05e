# CycleGAN (Zhu et al. 2017) with the reference defaults: two ResNet-9-block generators and two
# 70x70 PatchGANs, instance norm, no dropout, lsgan, image pools of 50, cycle weight 10,
# identity weight 0.5 * 10, generators updated first.
_generator = dict(type='ResnetGenerator', in_channels=3, out_channels=3, base_channels=64,
                  norm='instance', use_dropout=False, num_blocks=9, padding_type='reflect')
_discriminator = dict(type='NLayerDiscriminator', in_channels=3, base_channels=64, num_layers=3,
                      norm='instance')
_gan = dict(type='GANLoss', gan_mode='lsgan', loss_weight=1.0)
# the reference's --lambda_A, --lambda_B and --lambda_identity; the loss weights below follow
# from them (a config that changes a lambda sets the loss weights it scales)
_lambda_A, _lambda_B, _lambda_identity = 10.0, 10.0, 0.5
_pool = dict(type='ImagePool', pool_size=50)
_cycle_A = dict(type='CycleBranch', generator='G_A', inverse='G_B', source='A', fake='fake_B',
                reconstruction='rec_A')
_cycle_B = dict(type='CycleBranch', generator='G_B', inverse='G_A', source='B', fake='fake_A',
                reconstruction='rec_B')

model = dict(
    type='Translator',
    nets=dict(G_A=_generator, G_B=_generator, D_A=_discriminator, D_B=_discriminator),
    init=dict(type='normal', gain=0.02),
    branches=dict(
        cycle_A=_cycle_A,
        cycle_B=_cycle_B,
        identity_A=dict(type='IdentityBranch', generator='G_A', source='B', output='idt_A'),
        identity_B=dict(type='IdentityBranch', generator='G_B', source='A', output='idt_B'),
    ),
    adversarial=dict(
        # D_A tells real B from G_A's fakes, D_B real A from G_B's (the reference naming)
        GAN_A=dict(discriminator='D_A', fake='fake_B', real='B', gan_loss=_gan, d_weight=0.5,
                   pool=_pool),
        GAN_B=dict(discriminator='D_B', fake='fake_A', real='A', gan_loss=_gan, d_weight=0.5,
                   pool=_pool),
    ),
    losses=dict(
        cycle_A=dict(type='L1Loss', loss_weight=_lambda_A, inputs=dict(pred='rec_A', target='A')),
        cycle_B=dict(type='L1Loss', loss_weight=_lambda_B, inputs=dict(pred='rec_B', target='B')),
        # the reference's identity weights: G_A(B) ~ B is scaled by lambda_B, G_B(A) ~ A by lambda_A
        idt_A=dict(type='L1Loss', loss_weight=_lambda_identity * _lambda_B,
                   inputs=dict(pred='idt_A', target='B')),
        idt_B=dict(type='L1Loss', loss_weight=_lambda_identity * _lambda_A,
                   inputs=dict(pred='idt_B', target='A')),
    ),
    train_order=('G', 'D'),
    visuals=('A', 'fake_B', 'rec_A', 'B', 'fake_A', 'rec_B'),
    # test time translates only (as the reference `test` model), so one generator is enough
    test_branches=dict(
        AtoB=dict(type='SupervisedBranch', generator='G_A', source='A', output='fake_B'),
        BtoA=dict(type='SupervisedBranch', generator='G_B', source='B', output='fake_A'),
    ),
    test_visuals=('A', 'fake_B', 'B', 'fake_A'),
)
