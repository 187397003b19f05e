# BicycleGAN z8_all plus a Charbonnier term on the encoded branch (the cVAE-GAN reconstruction),
# beside its L1: a loss from plugins/charbonnier_loss.py added by configuration alone.
_base_ = ['../../configs/bicycle/z8_all.py']

custom_imports = dict(imports=['plugins.charbonnier_loss'], allow_failed_imports=False)

model = dict(losses=dict(
    charbonnier=dict(type='CharbonnierLoss', loss_weight=10.0, eps=1e-3,
                     inputs=dict(pred='fake_B_encoded', target='B_1')),
))
