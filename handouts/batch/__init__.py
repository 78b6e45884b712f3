"""Batch builds: a folder of specs built in worker processes (`pool`), results (`result`) taken and
written by the parent (`run`), interrupts held until a PDF is whole (`stops`)."""
