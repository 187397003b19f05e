"""The reference repositories' 'linear' learning-rate rule, stepped once per epoch."""
from torch.optim.lr_scheduler import LambdaLR

#: when each reference steps its schedulers: pytorch-CycleGAN-and-pix2pix at the start of an
#: epoch (its first epoch already runs at the factor of step 1), BicycleGAN at the end
STEP_AT = ('start', 'end')


def linear_rule(n_epochs, n_epochs_decay, epoch_count=1):
    """The reference ``lambda_rule``: the lr factor after ``step`` scheduler steps."""
    def factor(step):
        return 1.0 - max(0, step + epoch_count - n_epochs) / float(n_epochs_decay + 1)
    return factor


def reference_schedulers(optimizers, n_epochs, n_epochs_decay):
    """One ``LambdaLR`` per optimizer, as the reference's ``get_scheduler(opt, 'linear')``."""
    rule = linear_rule(n_epochs, n_epochs_decay)
    return [LambdaLR(optimizer, lr_lambda=rule) for optimizer in optimizers]
