"""nianbao's pattern files, lexicons, weights and default rubric (this folder), installed with
the package as ``nianbao.models``; see README.md here. Read through ``nianbao.resources``."""
