# BicycleGAN z8 with z added only at the two deepest U-Net levels, between the reference's
# 'input' and 'all': a z-injection mode from plugins/bottleneck_injection.py.
_base_ = ['../../configs/bicycle/z8_all.py']

custom_imports = dict(imports=['plugins.bottleneck_injection'], allow_failed_imports=False)

# the base names its injection with a string ('all'), which a dict replaces only with _delete_
model = dict(nets=dict(G=dict(
    injection=dict(_delete_=True, type='BottleneckInjection', levels=2))))
