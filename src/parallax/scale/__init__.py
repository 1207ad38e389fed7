"""Scale-out: the single-machine pipeline run as a Dask computation over large feeds."""
