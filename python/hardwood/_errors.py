"""Exceptions shared by the hardwood Python package."""


class UnsupportedModelError(ValueError):
    """The estimator, or one of its options, cannot be expressed in Hardwood.

    The message names the estimator class and the offending option so that
    the user knows what to change (or that the model needs another route).
    A ``ValueError`` subclass because the input value, not the program, is
    at fault.
    """


class CompileError(RuntimeError):
    """The ``hardwood`` compiler failed or could not be found.

    The message carries the compiler's own diagnostic (which names the model
    file, the field and what was expected).
    """


class CompilerFailedError(CompileError):
    """``hardwood compile`` ran and exited with an error.

    Attributes: ``command`` (the argument list that ran, so the failure can
    be reproduced in a shell), ``returncode`` and ``stderr`` (the compiler's
    diagnostic, also the start of the message).
    """

    def __init__(self, message, command, returncode, stderr):
        super().__init__(message)
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr

    def __reduce__(self):  # keeps the attributes across pickling (Dask)
        return (type(self), (self.args[0], self.command, self.returncode,
                             self.stderr))


class UnsupportedCPUError(RuntimeError):
    """No artifact of a model can run on a machine's CPU (raised on a Dask
    worker and sent back to the client). The message names the machine, each
    artifact's target and the CPU features it lacks."""
