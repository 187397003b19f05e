# What the CUT and FastCUT configs on the built-in stripes share (tools/ablation.py leaves out
# files starting with '_'): the unpaired synth_stripes data at 64 px (plain fills -> striped
# fills), generated into data/synth_stripes_64 on first use, flips only (no resize, which would
# blur the 4-pixel stripes, so the reference's "no resize-crop during the decay" has nothing to
# switch here), the AtoB scores against the true targets, and validation every 2500 iterations.
_base_ = ['../_base_/synth_stripes_64.py']

# CUT translates one way: A (plain) -> B (striped), scored against the true target of each input
test_evaluator = dict(type='Evaluator', metrics=[dict(type='StripeTargetAgreement',
                                                      direction='AtoB')])
val_evaluator = test_evaluator
# the CUT reference steps its schedule at the end of each epoch
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, step_at='end', by_epoch=False)]
