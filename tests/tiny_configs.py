"""The tests' tiny configs: pix2pix, CycleGAN and BicycleGAN with nets of 4 channels on built-in
data of 32-64 px, 4 iterations; their data folder is given when they are written."""
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: logs every iteration, checkpoints, sample grids and reference weights every 2
_EVERY_2_ITERATIONS = '''
train_cfg = dict(max_iters=4)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''

TINY_CONFIG = '''
_base_ = ['{repo}/configs/pix2pix/synth_facades.py']
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), D=dict(base_channels=4, num_layers=2)))
data_root = '{data}/synth_facades_32'
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=6, num_val=0, num_test=3)
train_dataloader = dict(
    batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='Resize', size=36), dict(type='RandomCrop', size=32),
                           dict(type='RandomFlip')]))
test_dataloader = dict(
    num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                pipeline=[dict(type='Resize', size=32)]))
''' + _EVERY_2_ITERATIONS

TINY_CYCLEGAN = '''
_base_ = ['{repo}/configs/cyclegan/synth_stripes.py']
_g = dict(base_channels=4, num_blocks=1)
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G_A=_g, G_B=_g, D_A=_d, D_B=_d))
data_root = '{data}/synth_stripes_32'
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=5, num_test=3)
train_dataloader = dict(
    batch_size=1, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='RandomCrop', size=32), dict(type='RandomFlip')]))
test_dataloader = dict(
    num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                pipeline=[dict(type='Resize', size=32)]))
''' + _EVERY_2_ITERATIONS

#: over ``{base}``: configs/bicycle/z8_all.py or a config of its family
TINY_BICYCLE = '''
_base_ = ['{base}']
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=3, base_channels=4),
                       D=_d, D2=_d))
data_root = '{data}/synth_shapes_64'
builtin = dict(_delete_=True, name='synth_shapes', size=64, num_train=6, num_val=0, num_test=3)
train_dataloader = dict(num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
''' + _EVERY_2_ITERATIONS


#: FastCUT on the stripes of TINY_CYCLEGAN: the reference's resize-crop, then none from the
#: decay on (PipelineSwitchHook at half the run)
TINY_FASTCUT = '''
_base_ = ['{repo}/configs/cut/fastcut_synth_stripes.py']
model = dict(nets=dict(G=dict(base_channels=4), D=dict(base_channels=4, num_layers=2),
                       F=dict(in_channels=(3, 8, 16, 16, 16), num_patches=16, out_channels=8)))
data_root = '{data}/synth_stripes_32'
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=5, num_test=3)
train_dataloader = dict(
    batch_size=1, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='Resize', size=36), dict(type='RandomCrop', size=32),
                           dict(type='RandomFlip')]))
custom_hooks = [dict(type='PipelineSwitchHook', at=0.5,
                     pipeline=[dict(type='Resize', size=32), dict(type='RandomFlip')])]
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
val_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
''' + _EVERY_2_ITERATIONS


def write_tiny_config(path, template, data, base=None):
    """Write ``template`` to ``path`` with its data under the folder ``data`` (and its
    ``_base_``, for TINY_BICYCLE); return ``path``."""
    path.write_text(template.format(repo=REPO, data=data, base=base))
    return path
