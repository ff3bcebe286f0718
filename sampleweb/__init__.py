"""The sample web: a generated, deterministic local web of job boards, ATS APIs and HR blogs.

Used by ``eolist demo``, the tests and the benchmarks; see ``sampleweb.server.SampleWeb``.
"""

from sampleweb.server import SampleWeb

__all__ = ["SampleWeb"]
