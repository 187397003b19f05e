# FID of the translations of every test A against every real test B, with the TensorFlow
# Inception of published FIDs and pytorch-fid's resize: the protocol of the CUT and UNSB READMEs
# (`python -m pytorch_fid testB/ results/.../fake_B/`), for CycleGAN-type models (the A -> B
# branch, output 'fake_B'). Give the checkpoint the paper used: CUT its last epoch, UNSB the
# epoch it chose. The unaligned test loader repeats the smaller domain: each A and each B counts
# once. Use `--inception clean-fid` for clean-fid's resize instead (not comparable with these).
metrics = [
    dict(type='FID', fake='fake_B', real='B', inception='pytorch-fid',
         inception_weights='weights/pt_inception-2015-12-05-6726825d.pth',
         fake_path='A_path', real_path='B_path'),
]
