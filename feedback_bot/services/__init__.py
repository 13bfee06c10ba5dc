"""Use cases. Each public function is one unit of work on a Session it is given or opens."""
