# pix2pix receptive-field ablation: the 286x286 ImageGAN (five stride-2 convs); at 96 px it
# gives a single output, which sees the whole image and its padding.
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=dict(num_layers=5)))
