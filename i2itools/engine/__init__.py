"""Runner glue: hooks, optimizer wrappers, schedules, checkpoint loading, distributed launch."""
