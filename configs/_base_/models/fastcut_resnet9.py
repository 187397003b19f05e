# FastCUT (`--CUT_mode FastCUT`): CUT without identity NCE, lambda_NCE 10, and flip equivariance:
# with probability 1/2 the batch is mirrored before G, and the features of G's output are
# mirrored back before they are compared with the input's.
_base_ = ['./cut_resnet9.py']

model = dict(
    branches=dict(
        # _delete_: it replaces the base's None (its place in the order: before translate)
        flip=dict(_delete_=True, type='RandomFlipBranch', source='A', output='A_flip',
                  flag='flipped', probability=0.5),
        translate=dict(source='A_flip'),
        identity=None,
        nce_A=dict(unflip='flipped'),
        nce_B=None,
    ),
    losses=dict(NCE=dict(loss_weight=10.0), NCE_Y=None),
    visuals=('A_flip', 'fake_B', 'B'),
)
