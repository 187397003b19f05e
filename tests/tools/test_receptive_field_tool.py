"""tools/receptive_field.py prints each discriminator's field and output map for the pix2pix
receptive-field ablations, says when a config has no discriminator, and refuses a too-small
size with a one-line error."""
import re

ABLATIONS = 'configs/pix2pix/ablations'


def test_prints_the_four_fields_and_their_outputs_at_the_training_size(run_tool_process):
    names = ('pixelgan', 'patchgan16', 'patchgan70', 'imagegan', 'l1_only')
    result = run_tool_process('receptive_field.py', *(f'{ABLATIONS}/{n}.py' for n in names))
    assert result.returncode == 0, result.stderr
    fields = re.findall(r'(\w+)\.py: D \((\w+)\) receptive field (\d+) x \d+ px; at 96 x 96 px '
                        r'input, (\d+) x \d+ outputs', result.stdout)
    assert fields == [('pixelgan', 'PixelDiscriminator', '1', '96'),
                      ('patchgan16', 'NLayerDiscriminator', '16', '46'),
                      ('patchgan70', 'NLayerDiscriminator', '70', '10'),
                      ('imagegan', 'NLayerDiscriminator', '286', '1')]
    assert 'l1_only.py: no discriminator' in result.stdout


def test_a_size_too_small_for_the_net_is_a_short_error(run_tool):
    result = run_tool('receptive_field.py', f'{ABLATIONS}/imagegan.py', '--size', '64')
    assert result.returncode == 1
    assert result.stderr.startswith('error: ') and 'Traceback' not in result.stderr
    assert 'net D (NLayerDiscriminator) cannot run on a 6 x 64 x 64 input' in result.stderr
