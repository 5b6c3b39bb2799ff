EXPLAIN MATCH (n) // comment
RETURN n.`odd key`, {k: [1, 0x10, .5]} /* block */