"""Buurtwacht: the platform for Dutch neighbourhood-watch (buurtpreventie) groups."""
