"""Random-weight files in the layouts of the real ones (torchvision Inception-v3, AlexNet, VGG16,
LPIPS v0.1 linear layers), built locally so that the FID, KID and LPIPS tests need no download."""
import torch
from torch import nn
from torchvision.models import alexnet, inception_v3, vgg16

LPIPS_CHANNELS = {'alex': (64, 192, 384, 256, 256), 'vgg': (64, 128, 256, 512, 512)}
LPIPS_ARCHITECTURES = {'alex': alexnet, 'vgg': vgg16}


def save_random_inception(path, seed=0, classes=1000, aux_logits=True):
    """Save a random inception_v3 state dict at ``path``; return the network, in eval mode.
    The defaults give torchvision's file layout (heads included, as its file has them);
    ``classes=1008, aux_logits=False`` that of pytorch-fid's pt_inception-2015-12-05 file."""
    torch.manual_seed(seed)
    net = inception_v3(weights=None, aux_logits=aux_logits, init_weights=False,
                       num_classes=classes)
    for layer in net.modules():
        if isinstance(layer, nn.Conv2d):  # He init keeps the pool features of order 1, not 1e-8
            nn.init.kaiming_normal_(layer.weight)
    torch.save(net.state_dict(), path)
    return net.eval()


def random_backbone_features(net, seed=0):
    """The randomly initialised ``features`` of torchvision's alexnet / vgg16, built without the
    large classifier."""
    torch.manual_seed(seed)
    with torch.device('meta'):
        features = LPIPS_ARCHITECTURES[net](weights=None).features
    features = features.to_empty(device='cpu')
    for layer in features:
        if isinstance(layer, nn.Conv2d):
            layer.reset_parameters()
    return features.eval()


def save_random_lpips(folder, net='alex', seed=0):
    """Save a backbone state dict in torchvision's key layout (``features.*``; a stand-in
    ``classifier.*`` entry, which LPIPS does not use) and positive LPIPS v0.1 linear layers
    (``lin<k>.model.1.weight``) under ``folder``; return (backbone path, linear path,
    features, linear-layer dict)."""
    features = random_backbone_features(net, seed)
    backbone = {f'features.{k}': v for k, v in features.state_dict().items()}
    backbone['classifier.1.weight'] = torch.zeros(2, 2)
    linear = {f'lin{k}.model.1.weight': torch.rand(1, c, 1, 1)
              for k, c in enumerate(LPIPS_CHANNELS[net])}
    backbone_path, linear_path = folder / f'{net}_backbone.pth', folder / f'{net}_lpips_lin.pth'
    torch.save(backbone, backbone_path)
    torch.save(linear, linear_path)
    return backbone_path, linear_path, features, linear
