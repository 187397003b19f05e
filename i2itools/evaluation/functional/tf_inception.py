"""Inception-v3 as the TensorFlow graph behind published FIDs (``inception-2015-12-05``):
torchvision's network with that graph's pooling in the mixed blocks and its 1008 classes, the
key layout of pytorch-fid's ``pt_inception-2015-12-05-6726825d.pth``."""
import torch
import torch.nn.functional as F
from torchvision.models.inception import (BasicConv2d, Inception3, InceptionA, InceptionAux,
                                          InceptionB, InceptionC, InceptionD, InceptionE)

TF_INCEPTION_CLASSES = 1008


def mean_pool_inside(x):
    """3 x 3 average pool, stride 1, whose border windows average only the pixels inside the
    image: TensorFlow's pool (torchvision's counts the zero padding)."""
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


def max_pool(x):
    """3 x 3 max pool, stride 1: the pool branch of the graph's last block (mixed_10)."""
    return F.max_pool2d(x, kernel_size=3, stride=1, padding=1)


class TFInceptionA(InceptionA):
    """torchvision's InceptionA with TensorFlow's average pool (Mixed_5b-5d)."""

    def _forward(self, x):
        return [self.branch1x1(x),
                self.branch5x5_2(self.branch5x5_1(x)),
                self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x))),
                self.branch_pool(mean_pool_inside(x))]


class TFInceptionC(InceptionC):
    """torchvision's InceptionC with TensorFlow's average pool (Mixed_6b-6e)."""

    def _forward(self, x):
        seven = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        double = x
        for layer in (self.branch7x7dbl_1, self.branch7x7dbl_2, self.branch7x7dbl_3,
                      self.branch7x7dbl_4, self.branch7x7dbl_5):
            double = layer(double)
        return [self.branch1x1(x), seven, double, self.branch_pool(mean_pool_inside(x))]


class TFInceptionE(InceptionE):
    """torchvision's InceptionE whose pool branch pools with ``pool``: TensorFlow's average
    pool in Mixed_7b, a max pool in Mixed_7c."""

    def __init__(self, in_channels, pool=mean_pool_inside):
        super().__init__(in_channels)
        self.pool = pool

    def _forward(self, x):
        stem = self.branch3x3_1(x)
        double = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        return [self.branch1x1(x),
                torch.cat([self.branch3x3_2a(stem), self.branch3x3_2b(stem)], 1),
                torch.cat([self.branch3x3dbl_3a(double), self.branch3x3dbl_3b(double)], 1),
                self.branch_pool(self.pool(x))]


def tf_inception_v3():
    """The graph's Inception-v3 (no auxiliary head, 1008 classes), weights not initialised:
    build it on the meta device and load a file into it."""
    net = Inception3(num_classes=TF_INCEPTION_CLASSES, aux_logits=False, init_weights=False,
                     inception_blocks=[BasicConv2d, TFInceptionA, InceptionB, TFInceptionC,
                                       InceptionD, TFInceptionE, InceptionAux])
    net.Mixed_7c = TFInceptionE(2048, pool=max_pool)
    return net
