# CUT (Park et al. 2020, `--model cut --CUT_mode CUT`) with the reference defaults, as parts of the
# generic Translator: one ResNet-9-block generator and one 70x70 PatchGAN, both anti-aliased,
# instance norm, no dropout, xavier init (gain 0.02), lsgan, no image pool, D updated first.
# No cycle: G's own encoder features of the input and of the output are compared patch by patch
# (PatchNCE, temperature 0.07, 256 patches per layer, negatives from the same image), through the
# patch sampler F (one 2-layer MLP of 256 per layer), updated with G by its own Adam.
# Identity NCE: G(B) must keep B's patches; the G loss is GAN + (NCE(A, G(A)) + NCE(B, G(B))) / 2,
# hence loss_weight = lambda_NCE / 2 = 0.5 on each.
_nce_layers = (0, 4, 8, 12, 16)  # of G's layer list: the padded input, 2 convs, 2 residual blocks
_generator = dict(type='ResnetGenerator', in_channels=3, out_channels=3, base_channels=64,
                  norm='instance', use_dropout=False, num_blocks=9, padding_type='reflect',
                  downsampling='antialiased', upsampling='antialiased')
_discriminator = dict(type='NLayerDiscriminator', in_channels=3, base_channels=64, num_layers=3,
                      norm='instance', downsampling='antialiased')
_gan = dict(type='GANLoss', gan_mode='lsgan', loss_weight=1.0)
_nce = dict(type='PatchNCELoss', temperature=0.07, negatives='image', loss_weight=0.5)
_patches = dict(type='PatchSampleBranch', encoder='G', sampler='F', layers=_nce_layers)

model = dict(
    type='Translator',
    nets=dict(
        G=_generator,
        # in_channels: G's channels at _nce_layers, i.e. (3, 2, 4, 4, 4) x base_channels but the
        # first (i2itools.models.common.feature_channels(G config, _nce_layers) computes them)
        F=dict(type='PatchSampler', in_channels=(3, 128, 256, 256, 256), num_patches=256,
               out_channels=256),
        D=_discriminator),
    init=dict(type='xavier', gain=0.02),
    branches=dict(
        flip=None,  # flip equivariance, off in CUT (FastCUT: configs/_base_/models/fastcut_resnet9.py)
        translate=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B'),
        identity=dict(type='IdentityBranch', generator='G', source='B', output='idt_B'),
        nce_A=dict(**_patches, source='A', output='fake_B', key='patches_A',
                   query='patches_fake_B', patch_ids='patch_ids_A'),
        nce_B=dict(**_patches, source='B', output='idt_B', key='patches_B',
                   query='patches_idt_B', patch_ids='patch_ids_B'),
    ),
    adversarial=dict(
        GAN=dict(discriminator='D', fake='fake_B', real='B', gan_loss=_gan, d_weight=0.5)),
    losses=dict(
        NCE=dict(**_nce, inputs=dict(query='patches_fake_B', key='patches_A')),
        NCE_Y=dict(**_nce, inputs=dict(query='patches_idt_B', key='patches_B')),
    ),
    train_order=('D', 'G'),
    visuals=('A', 'fake_B', 'B', 'idt_B'),
    # test time translates A only, with G (the reference loads only G for testing)
    test_branches=dict(
        AtoB=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B')),
    test_visuals=('A', 'fake_B', 'B'),
)
