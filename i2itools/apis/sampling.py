"""BicycleGAN-style batch sampling: many latent codes per test input, grids and a gallery."""
import os.path as osp

import torch
from mmengine.runner import Runner, set_random_seed

from i2itools.models.branches import EncodedBranch, RandomBranch
from i2itools.models.branches.latent import latent_size
from i2itools.utils.html_pages import text
from i2itools.utils.cli_errors import UserValueError
from i2itools.utils.image_conversion import grid_of_rows, tensor_to_uint8
from i2itools.utils.loader_batches import loader_batches
from i2itools.utils.progress import TaskProgress
from .checkpoint_loading import load_checkpoint
from .gallery import Gallery, file_stem
from .model_building import build_model


def run_sampling(cfg, checkpoint, out_dir, n_samples=5, sync=False, encode=True, num_test=None,
                 seed=0, device=None, ema=True):
    """For each test input write the input, its ground truth, the encoded reconstruction
    (``z = E(B).mu``, unless ``encode`` is False) and ``n_samples`` outputs for random codes;
    one grid PNG per input under ``grids/`` and an ``index.html``. Returns a summary.

    As the reference BicycleGAN ``test.py``: networks in eval mode, codes drawn per input, or
    once for all inputs with ``sync`` (the same code gives comparable samples across inputs).
    Codes come from a generator seeded with ``seed``, so runs are reproducible. With ``ema``,
    nets whose moving averages the checkpoint holds (``NetEMAHook``) run with them.
    """
    for name, value in (('n_samples', n_samples), ('num_test', num_test)):
        if value is not None and value < 1:
            raise UserValueError(f'{name}={value} must be at least 1')
    set_random_seed(seed)
    model = build_model(cfg, device)
    random_name, random_branch = _test_branch(model, RandomBranch, 'sampling')
    encoded_name, encoded_branch = (_test_branch(model, EncodedBranch, 'encoding (or pass '
                                                 '--no-encode)') if encode else (None, None))
    used = [random_name] + ([encoded_name] if encode else [])
    prefer = [net for name in used for net in model.test_branches[name].nets]
    loaded = load_checkpoint(model, checkpoint, prefer, ema)
    model.eval()
    nz = latent_size(getattr(model, random_branch.generator))
    codes = torch.Generator().manual_seed(seed)
    shared = torch.randn(n_samples, nz, generator=codes)
    columns = ['input', 'ground_truth'] + (['encoded'] if encode else []) + [
        f'sample_{k + 1:02d}' for k in range(n_samples)]
    loader = Runner.build_dataloader(cfg.test_dataloader)
    total = len(loader.dataset) if num_test is None else min(num_test, len(loader.dataset))
    codes_text = 'the same codes for every input' if sync else 'new codes for each input'
    gallery = Gallery(out_dir, columns, title=f'{osp.basename(checkpoint)} — {n_samples} samples',
                      labels=sample_labels(columns),
                      intro=f'{total} inputs, {n_samples} random codes z ~ N(0, I) each '
                      f'({codes_text}, seed {seed}) with <code>{text(checkpoint)}</code>'
                      + ('; encoded: z = E(ground truth)' if encode else ''))
    with TaskProgress('sample', total) as progress, torch.no_grad(), \
            loader_batches(loader) as batches:
        for batch in batches:
            tensors = model.data_preprocessor(batch, False)
            for index in range(len(tensors[random_branch.source])):
                if len(gallery.rows) == total:
                    break
                z = shared if sync else torch.randn(n_samples, nz, generator=codes)
                row = _sample_row(model, tensors, index, z, random_name, encoded_name)
                paths = {k: v[index] for k, v in tensors.items() if k.endswith('_path')}
                grid = grid_of_rows([[tensor_to_uint8(row[c]) for c in columns if c in row]])
                gallery.add(file_stem(paths, f'{len(gallery.rows):06d}'), row, grid=grid)
                progress.advance()
            if len(gallery.rows) == total:
                break
    return dict(nets=loaded, untrained=sorted(set(prefer) - set(loaded)), images=len(gallery.rows),
                html=gallery.write_html(), mode='eval')


def sample_labels(columns):
    """The page's labels of the columns: input, ground truth, encoded, sample 1 ... N."""
    return {c: f'sample {int(c.removeprefix("sample_"))}' if c.startswith('sample_')
            else c.replace('_', ' ') for c in columns}


def _test_branch(model, kind, purpose):
    found = [(n, b) for n, b in model.test_branches.items() if isinstance(b, kind)]
    if not found:
        raise UserValueError(f'{purpose} needs a {kind.__name__} among the test branches '
                         f'(model.test_branches); this model has {list(model.test_branches)}')
    return found[0]


def _sample_row(model, tensors, index, z, random_name, encoded_name):
    """Input, ground truth, encoded output and one output per row of ``z`` for one sample."""
    random_branch = model.test_branches[random_name]
    one = {k: v[index:index + 1] for k, v in tensors.items() if torch.is_tensor(v)}
    source = one[random_branch.source]
    row = {'input': source[0]}
    if encoded_name is not None:
        encoded_branch = model.test_branches[encoded_name]
        row['ground_truth'] = one[encoded_branch.target][0]
        row['encoded'] = model.run_test_branch(encoded_name, one)[encoded_branch.output][0]
    elif 'B' in one:
        row['ground_truth'] = one['B'][0]
    repeated = {random_branch.source: source.expand(len(z), *source.shape[1:]),
                random_branch.latent: z.to(source.device)}
    samples = model.run_test_branch(random_name, repeated)[random_branch.output]
    row.update({f'sample_{k + 1:02d}': sample for k, sample in enumerate(samples)})
    return row

