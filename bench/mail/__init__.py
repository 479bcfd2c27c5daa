"""Native mail: memory and speed of the streamed mbox reader (`mbox_memory`)."""
