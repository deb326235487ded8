"""Personal-data protection (UU PDP, Law 27/2022): /dataku, /hapusdata, retention purge."""
