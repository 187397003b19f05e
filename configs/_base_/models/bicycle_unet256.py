# BicycleGAN (Zhu et al. 2017) with the reference defaults: U-Net 256 generator with z (nz 8)
# added to every layer, two unconditional 2-scale PatchGANs (D for the encoded branch, D2 for the
# random branch), a VAE-like ResNet-256 encoder, instance norm, lsgan, xavier init,
# lambda_L1 10, lambda_KL 0.01, lambda_z 0.5; G and E updated first, then D and D2.
_lsgan = dict(type='GANLoss', gan_mode='lsgan', loss_weight=1.0)
_discriminator = dict(type='MultiScaleDiscriminator', in_channels=3, base_channels=64,
                      num_layers=3, norm='instance', num_scales=2)

model = dict(
    type='Translator',
    # built (and initialised, drawing random numbers) in the reference's order: G, D, D2, E
    nets=dict(
        G=dict(type='ZUnetGenerator', in_channels=3, out_channels=3, nz=8, num_downs='unet_256',
               base_channels=64, norm='instance', nonlinearity='relu', use_dropout=False,
               upsample='basic', injection='all'),
        D=_discriminator,
        D2=_discriminator,
        E=dict(type='ResnetEncoder', in_channels=3, out_channels=8, base_channels=64,
               num_blocks='resnet_256', norm='instance', nonlinearity='lrelu', vae_like=True),
    ),
    init=dict(type='xavier', gain=0.02),
    branches=dict(
        # first half of the batch: cVAE-GAN; the random branch also starts from the first
        # half's A, and only D2's real images come from the second half (as the reference)
        split=dict(type='BatchSplit', keys=('A', 'B')),
        encoded=dict(type='EncodedBranch', generator='G', encoder='E', source='A_1',
                     target='B_1', output='fake_B_encoded', latent='z_encoded', mu='mu',
                     logvar='logvar'),
        random=dict(type='RandomBranch', generator='G', source='A_1', output='fake_B_random',
                    latent='z_random'),
        # the latent regression encodes the random sample with E frozen, so its loss trains G
        # only (the reference back-propagates it with E's requires_grad off)
        latent=dict(type='EncodeBranch', encoder='E', source='fake_B_random', mu='mu_random',
                    frozen=('E',)),
    ),
    adversarial=dict(
        GAN=dict(discriminator='D', fake='fake_B_encoded', real='B_1', gan_loss=_lsgan,
                 d_weight=1.0),
        GAN2=dict(discriminator='D2', fake='fake_B_random', real='B_2', gan_loss=_lsgan,
                  d_weight=1.0),
    ),
    losses=dict(
        L1=dict(type='L1Loss', loss_weight=10.0, inputs=dict(pred='fake_B_encoded', target='B_1')),
        KL=dict(type='KLDivergenceLoss', loss_weight=0.01, inputs=dict(mu='mu', logvar='logvar')),
        z_L1=dict(type='L1Loss', loss_weight=0.5, inputs=dict(pred='mu_random', target='z_random')),
    ),
    train_order=('G', 'D'),
    visuals=('A_1', 'B_1', 'fake_B_encoded', 'fake_B_random'),
    # test time: z = E(B).mu for the encoded output (the reference's test), z ~ N(0, I) otherwise
    test_branches=dict(
        encoded=dict(type='EncodedBranch', generator='G', encoder='E', source='A', target='B',
                     output='fake_B_encoded', sample=False),
        random=dict(type='RandomBranch', generator='G', source='A', output='fake_B_random'),
        # N random-z outputs per input, for the diversity and mode metrics
        samples=dict(type='SamplesBranch', generator='G', source='A', output='samples_B',
                     num_samples=8),
    ),
    test_visuals=('A', 'B', 'fake_B_encoded', 'fake_B_random'),
    test_mode='eval',  # the BicycleGAN reference tests in eval mode
)
