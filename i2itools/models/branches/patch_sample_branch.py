"""CUT's PatchNCE inputs: the encoder's features of a source and of its translation, sampled at the
same patch positions and embedded by the patch sampler."""
from i2itools.registry import MODELS
from ..common import layer_features
from .branch import Branch


@MODELS.register_module()
class PatchSampleBranch(Branch):
    """``key, ids = sampler(encoder_layers(source))``; ``query, _ = sampler(encoder_layers(output), ids)``.

    The encoder's features at ``layers`` (indices into its layer list, see
    :func:`~i2itools.models.common.layer_features`) are read for the source images (the keys)
    and for the generated images (the queries); the sampler (a :class:`PatchSampler`, net F)
    draws patch positions on the keys and takes the queries at the same positions. A
    :class:`PatchNCELoss` on ``query`` and ``key`` then asks every generated patch to resemble
    the source patch it came from more than the source's other patches.

    Args:
        encoder: name of the net whose features are compared (CUT: the generator G itself).
        sampler: name of the patch sampler net (CUT: F).
        layers: indices into the encoder's layer list (CUT: 0, 4, 8, 12, 16; 0 is the padded
            input); the sampler's ``in_channels`` are these layers' channels.
        source: name of the images translated (e.g. 'A'; 'B' for identity NCE).
        output: name of their translation (e.g. 'fake_B'; 'idt_B' for identity NCE).
        key: name under which the source's embeddings are stored (per layer, B x P x C).
        query: name under which the translation's embeddings are stored.
        patch_ids: name of the positions sampled (one id tensor per layer); when the tensors
            already hold them (given in the batch to replay a step) they are used instead of a
            new draw.
        unflip: name of a :class:`RandomFlipBranch` flag, or None. When the flag is set the
            output was made from a mirrored source, and its features are mirrored back (flip
            equivariance: FastCUT).
    """

    net_fields = ('encoder', 'sampler')
    input_fields = ('source', 'output', 'unflip')
    output_fields = ('key', 'query', 'patch_ids')
    output_sources = {'key': ('encoder', 'sampler', 'source'),
                      'query': ('encoder', 'sampler', 'output', 'unflip'), 'patch_ids': ()}
    formula = ('{key} = {sampler}({encoder} layers({source})) at positions {patch_ids}; '
               '{query} = {sampler}({encoder} layers({output})) at the same positions')

    def __init__(self, encoder='G', sampler='F', layers=(0, 4, 8, 12, 16), source='A',
                 output='fake_B', key='patches_A', query='patches_fake_B',
                 patch_ids='patch_ids_A', unflip=None):
        self.encoder = encoder
        self.sampler = sampler
        self.layers = tuple(layers)
        self.source = source
        self.output = output
        self.key = key
        self.query = query
        self.patch_ids = patch_ids
        self.unflip = unflip

    @property
    def requires(self):
        """Names of the tensors this branch reads (``unflip`` only when set)."""
        return tuple(name for name in super().requires if name is not None)

    def __call__(self, tensors, nets):
        encoder, sampler = nets[self.encoder], nets[self.sampler]
        query_features = layer_features(encoder, tensors[self.output], self.layers)
        if self.unflip is not None and tensors[self.unflip]:
            query_features = [feature.flip(-1) for feature in query_features]
        key_features = layer_features(encoder, tensors[self.source], self.layers)
        keys, ids = sampler(key_features, tensors.get(self.patch_ids))
        queries, _ = sampler(query_features, ids)
        return {self.key: keys, self.query: queries, self.patch_ids: ids}
