# pix2pix objective ablation: L1 + conditional GAN, the paper's full objective (this folder's
# base as it is; the generator table's U-Net row and the receptive-field table's 70x70 row too).
_base_ = ['./_base_small.py']
