# z8_all with an exponential moving average of G (and E), which validation, test.py and
# translate.py use unless told --no-ema: the EMA row of docs/results.md.
_base_ = ['./z8_all.py']

default_hooks = dict(ema=dict(type='NetEMAHook', nets=('G', 'E'), momentum=0.999, start_iter=1000))
