"""What every branch declares: the nets it runs, the tensors it reads and writes, and how."""


class Branch:
    """Base of the branches. A subclass names, in three tuples, its attributes that hold net
    names, input tensor names and output tensor names; the model uses them to check a config
    when it is built, to say which nets each loss trains, and to print the objective.

    A branch is called with the named tensors so far (the batch and earlier branches' outputs)
    and the nets by name, and returns a dict of new named tensors.

    ``output_sources`` maps an output field to the net and input fields it is computed from
    (default: all of them); e.g. an encoder's ``mu`` does not depend on the generator that runs
    in the same branch, so a loss on ``mu`` does not train that generator. ``formula`` is a
    one-line description of the branch written with the field names, e.g.
    ``'{output} = {generator}({source})'``; :meth:`describe` fills in the configured names.
    """

    net_fields = ()
    input_fields = ()
    output_fields = ()
    output_sources = {}
    formula = None
    #: nets run with constant weights; set from the branch config's ``frozen`` by the Translator
    frozen = ()

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

    def sources(self, output):
        """``(nets, tensors)``: the names of the nets and input tensors output ``output`` is
        computed from."""
        field = next((f for f in self.output_fields if getattr(self, f) == output), None)
        if field not in self.output_sources:
            return self.nets, self.requires
        fields = self.output_sources[field]
        return (tuple(getattr(self, f) for f in fields if f in self.net_fields),
                tuple(getattr(self, f) for f in fields if f in self.input_fields))

    def describe(self):
        """The branch as a formula over the configured names, e.g. ``fake_B = G(A)``."""
        if self.formula is None:
            return (f"{', '.join(self.provides)} = {type(self).__name__}("
                    f"{', '.join((*self.nets, *self.requires))})")
        fields = (*self.net_fields, *self.input_fields, *self.output_fields)
        return self.formula.format(**{f: getattr(self, f) for f in fields})
