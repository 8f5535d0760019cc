-- What PostGraphile needs beyond the copied registry tables: households under a region
-- prefix (the hub's regionCode filter), as a root query field `householdsInRegion`.
CREATE FUNCTION households_in_region(prefix text) RETURNS SETOF households
LANGUAGE sql STABLE AS $$
  SELECT * FROM households
  WHERE village_code >= prefix AND village_code < prefix || '~'
  ORDER BY id
$$;
