# What waits in a prespawned sandbox when Python is warm (sandbox.warm.python): this interpreter, started before
# its program is known, reads one line from the agent on descriptor 4. A line "WARM-PYTHON<TAB>file size
# bytes<TAB>CPU seconds<TAB>stack bytes<TAB>script" makes it run that script as `python3 script` would have: the
# program's files copied from /.program into /box, the run's per-process limits set, then the script executed as
# __main__ in this process (saving the ~15 ms of the interpreter's own start). Any other line is shell, as the
# waiting shell of other sandboxes would run it: this process becomes /bin/sh -c LINE. Nothing of this file stays
# visible to the program but the modules it imported (os, sys, stat, signal, resource, _thread,
# importlib.machinery) and its two frames under the program's in a stack walk (inspect.stack()).
import _thread
import os
import resource
import signal
import stat
import sys
from importlib.machinery import SourceFileLoader


# the modules and built-ins it needs as defaults: its globals are __main__'s, which it empties for the program (and
# which the program fills: a program's own `type` must not be what this reports its error with)
def _codearena_warm(os=os, sys=sys, stat=stat, resource=resource, signal=signal, _thread=_thread,
                    SourceFileLoader=SourceFileLoader, type=type, SystemExit=SystemExit,
                    BaseException=BaseException):
    marker = b"codearena-sandbox: "
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(4, 65536)
        if not chunk:
            os._exit(125)
        line += chunk
    os.close(4)
    if not line.startswith(b"WARM-PYTHON\t"):
        # Python ignores SIGPIPE and SIGXFSZ for itself; an ignored signal stays ignored across exec, and a shell
        # cannot undo that: a C program over the file size limit would then not be ended by SIGXFSZ
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        os.execv("/bin/sh", ["/bin/sh", "-c", line.decode()])

    def fail(what):
        os.write(2, marker + what.encode() + b"\n")
        os._exit(125)

    def copy(source, target):
        for name in os.listdir(source):
            from_path, to_path = source + "/" + name, target + "/" + name
            mode = os.lstat(from_path).st_mode
            if stat.S_ISDIR(mode):
                os.mkdir(to_path)
                copy(from_path, to_path)
            elif stat.S_ISREG(mode):
                with open(from_path, "rb") as reader, open(to_path, "wb") as writer:
                    writer.write(reader.read())
            else:
                continue
            os.chmod(to_path, stat.S_IMODE(mode))

    _, file_size, cpu_seconds, stack_bytes, script = line.decode().rstrip("\n").split("\t")
    try:
        copy("/.program", "/box")
    except OSError:
        fail("cannot copy the program")
    for limit, value, what in ((resource.RLIMIT_FSIZE, int(file_size), "ulimit -f"),
                               (resource.RLIMIT_CPU, int(cpu_seconds), "ulimit -t"),
                               (resource.RLIMIT_STACK, int(stack_bytes), "ulimit -s")):
        if value > 0:
            try:
                resource.setrlimit(limit, (value, value))
            except (OSError, ValueError):
                fail("cannot set " + what)
    if int(stack_bytes) > 0:
        # a thread's default stack is the stack limit the process started with (glibc): the run's, not the agent's
        try:
            _thread.stack_size(int(stack_bytes))
        except (ValueError, RuntimeError):
            fail("cannot set the threads' stack size")
    os.chdir("/box")
    path = "/box/" + script
    with open(path, "rb") as reader:
        source = reader.read()
    # as `python3 script` has it: argv, the script's folder first on the path, and __main__'s own names only
    sys.argv[:] = [script]
    sys.path[0] = "/box"
    scope = sys.modules["__main__"].__dict__
    builtins = scope["__builtins__"]
    scope.clear()
    # the program's code runs two frames deeper than in `python3 main.py` (this function and the -c module)
    sys.setrecursionlimit(sys.getrecursionlimit() + 2)
    scope.update(__name__="__main__", __doc__=None, __package__=None, __spec__=None, __annotations__={},
                 __loader__=SourceFileLoader("__main__", path), __file__=path, __cached__=None,
                 __builtins__=builtins)
    try:
        exec(compile(source, path, "exec"), scope)
    except SystemExit:
        raise
    except BaseException as error:
        # reported as the interpreter reports an uncaught error, without this function's frame
        trace = error.__traceback__
        error.__traceback__ = trace.tb_next if trace is not None else None
        sys.excepthook(type(error), error, error.__traceback__)
        raise SystemExit(1) from None


_codearena_warm()
