"""list_components, print_config and benchmark print what they promise."""
import re

from i2itools.registry import ALL_REGISTRIES


def test_list_components_shows_every_registered_part_with_its_kind(run_tool_process):
    result = run_tool_process('list_components.py', env={'COLUMNS': '250'})  # the real process
    assert result.returncode == 0, result.stderr
    for registry in ALL_REGISTRIES.values():
        registry.import_from_location()
    names = {name for registry in ALL_REGISTRIES.values()  # the package's own parts: other
             for name, part in registry.module_dict.items()  # tests register plugins here
             if part.__module__.startswith('i2itools.')}
    assert {'UnetGenerator', 'Translator', 'AlignedDataset', 'LinearDecayLR'} <= names
    for name in names:
        assert re.search(rf'│ \S[^│]*│ {name} ', result.stdout), name
    assert re.search(r'│ generator\s+│ UnetGenerator', result.stdout)
    assert re.search(r'│ loss\s+│ GANLoss', result.stdout)


def test_list_components_filters_by_kind(run_tool):
    result = run_tool('list_components.py', '--kind', 'discriminator', env={'COLUMNS': '250'})
    assert 'NLayerDiscriminator' in result.stdout and 'UnetGenerator' not in result.stdout


def test_print_config_shows_the_merged_config_with_overrides(run_tool_process):
    result = run_tool_process('print_config.py', 'configs/pix2pix/facades.py',  # real process
                              '--cfg-options', 'train_cfg.max_iters=7')
    assert result.returncode == 0, result.stderr
    assert "type='UnetGenerator'" in result.stdout  # from the model base
    assert "data_root='datasets/facades'" in result.stdout  # from the dataset base
    assert 'max_iters=7' in result.stdout


def test_print_config_objective_prints_the_steps_and_the_nets_each_term_trains(run_tool):
    result = run_tool('print_config.py', 'configs/bicycle/clr_gan.py', '--objective')
    assert result.returncode == 0, result.stderr
    assert 'G step (updates G, E):' in result.stdout
    assert re.search(r'0\.5·L1\(mu_random, z_random\)\s+→ G, E', result.stdout)
    assert 'KL' not in result.stdout   # cLR-GAN has no KL term


def test_benchmark_prints_ms_per_iteration_and_images_per_second(run_tool_process, tiny_config):
    result = run_tool_process('benchmark.py', tiny_config, '--warmup', '1', '--iters', '2',
                              '--chunks', '2', '--batch-size', '2')
    assert result.returncode == 0, result.stderr[-3000:]
    match = re.search(r'([\d.]+) ms/iter \(median of 2 chunks of 2\), ([\d.]+) images/s',
                      result.stdout)
    assert match and float(match.group(1)) > 0
    assert abs(float(match.group(2)) - 2000 / float(match.group(1))) < 0.2
    assert 'batch 2, 32x32, fp32' in result.stdout
    match = re.search(r'CPU ([\d.]+) ms/iter; peak resident memory (\d+) MiB, of which training '
                      r'adds (\d+) MiB', result.stdout)
    assert match and float(match.group(1)) > 0 and int(match.group(2)) > int(match.group(3))
