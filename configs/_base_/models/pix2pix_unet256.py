# pix2pix (Isola et al. 2017) with the reference defaults: U-Net 256 generator with dropout,
# batch norm, 70x70 PatchGAN conditioned on the input, vanilla GAN + 100 * L1, D updated first.
model = dict(
    type='Translator',
    nets=dict(
        G=dict(type='UnetGenerator', in_channels=3, out_channels=3, num_downs='unet_256',
               base_channels=64, norm='batch', use_dropout=True),
        D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=64, num_layers=3,
               norm='batch'),
    ),
    init=dict(type='normal', gain=0.02),
    branches=dict(
        supervised=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B')),
    adversarial=dict(
        GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A',
                 gan_loss=dict(type='GANLoss', gan_mode='vanilla', loss_weight=1.0),
                 d_weight=0.5)),
    losses=dict(
        L1=dict(type='L1Loss', loss_weight=100.0, inputs=dict(pred='fake_B', target='B'))),
    train_order=('D', 'G'),
    visuals=('A', 'fake_B', 'B'),
)
