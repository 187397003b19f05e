"""What every branch declares: the nets it runs and the tensors it reads and writes."""


class Branch:
    """Base of the branches. A subclass names, in three tuples, its attributes that hold net
    names, input tensor names and output tensor names; the model uses them to check a config
    before training and to tell the user what is missing.

    A branch is called with the named tensors so far (the batch and earlier branches' outputs)
    and the nets by name, and returns a dict of new named tensors.
    """

    net_fields = ()
    input_fields = ()
    output_fields = ()

    @property
    def nets(self):
        """Names of the nets this branch runs."""
        return tuple(getattr(self, f) for f in self.net_fields)

    @property
    def requires(self):
        """Names of the tensors this branch reads."""
        return tuple(getattr(self, f) for f in self.input_fields)

    @property
    def provides(self):
        """Names of the tensors this branch writes."""
        return tuple(getattr(self, f) for f in self.output_fields)

