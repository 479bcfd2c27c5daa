"""ALPR audit logs: reason-rule accuracy (`score`) and load speed (`speed`)."""
