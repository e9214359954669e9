"""Pages of coklit: the field app shell (``app``) and the PPS evaluation pages."""
