# pix2pix receptive-field ablation: a 1x1 PixelGAN that judges each pixel's colour alone
# (`python tools/receptive_field.py configs/pix2pix/ablations/pixelgan.py` prints 1x1).
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=dict(_delete_=True, type='PixelDiscriminator', in_channels=6,
                              base_channels=16, norm='batch')))
