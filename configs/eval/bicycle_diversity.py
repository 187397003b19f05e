# BicycleGAN (Zhu et al. 2017), the diversity of its realism-vs-diversity figure, as the "Metrics"
# section of the BicycleGAN README describes it: for each of the first 100 test inputs, 20
# outputs for random z; LPIPS v0.0 (AlexNet) between consecutive outputs, 19 distances per
# input, 1900 in all, averaged. The outputs are measured as the saved 8-bit files were.
# The paper's maps -> satellite numbers (BicycleGAN 0.110, random pairs of real photos 0.262)
# are LPIPS v0.0: v0.1 gives about twice as much (BicycleGAN #83). Higher is more diverse.
num_inputs = 100
num_samples = 20
metrics = [
    dict(type='SampleDiversity', samples='samples_B', pairs='consecutive', eight_bit=True,
         lpips=dict(net='alex', version='0.0',
                    backbone_weights='weights/alexnet-owt-7be5be79.pth')),
]
