"""One dynamic partition per release, keyed `<agency_id>/<release_id>`; the raw sensor adds them."""

import dagster as dg

releases_partitions = dg.DynamicPartitionsDefinition(name="releases")
