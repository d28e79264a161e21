package memory

// parseInt reads b as Redis's INCR reads a value: a canonical decimal
// int64 with an optional minus sign and no plus sign, spaces or leading
// zeros. Being as strict as Redis keeps the two backends interchangeable.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	// 19 digits cannot overflow a uint64; the int64 range is checked last.
	if len(b) == 0 || len(b) > 19 || b[0] == '0' {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return int64(-u), true
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}
