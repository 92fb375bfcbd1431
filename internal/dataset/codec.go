package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// The binary form of a Set ("WSDS", version 1), compact enough to embed in
// the web page. All integers are little-endian.
//
//	offset  size  field
//	0       4     magic "WSDS"
//	4       2     version, 1
//	6       4     count: number of images
//	10      2     width
//	12      2     height
//	14      1     L: length of the name
//	15      L     name, UTF-8 (for example "digits")
//	15+L    count one byte per image: its label 0..9, or 0xFF in every
//	              byte for a set without labels
//	...     count × ceil(width·height/8): each image's pixels, row-major,
//	              8 per byte, most significant bit first; each image starts
//	              on a byte boundary and its padding bits are 0
//
// The encoding is canonical: UnmarshalSet accepts exactly the bytes that
// MarshalBinary produces.
const (
	codecMagic   = "WSDS"
	codecVersion = 1
	codecHeader  = 15
	noLabel      = 0xFF
)

// MarshalBinary encodes s in the WSDS format described above. It fails if
// an image has the wrong length or a value other than 0 or 1, a label is
// outside 0..9, or a size does not fit the format.
func (s *Set) MarshalBinary() ([]byte, error) {
	n := len(s.Images)
	switch {
	case s.Width < 1 || s.Height < 1 || s.Width > math.MaxUint16 || s.Height > math.MaxUint16:
		return nil, fmt.Errorf("dataset: cannot encode %q: image size %dx%d is outside 1..65535", s.Name, s.Width, s.Height)
	case len(s.Name) > math.MaxUint8:
		return nil, fmt.Errorf("dataset: cannot encode %q: name longer than 255 bytes", s.Name)
	case !utf8.ValidString(s.Name):
		return nil, fmt.Errorf("dataset: cannot encode %q: name is not UTF-8", s.Name)
	case uint64(n) > math.MaxUint32:
		return nil, fmt.Errorf("dataset: cannot encode %q: %d images is too many", s.Name, n)
	case s.Labels != nil && len(s.Labels) != n:
		return nil, fmt.Errorf("dataset: cannot encode %q: %d labels for %d images", s.Name, len(s.Labels), n)
	}
	size := s.Width * s.Height
	per := (size + 7) / 8
	b := make([]byte, codecHeader, codecHeader+len(s.Name)+n+n*per)
	copy(b, codecMagic)
	binary.LittleEndian.PutUint16(b[4:], codecVersion)
	binary.LittleEndian.PutUint32(b[6:], uint32(n))
	binary.LittleEndian.PutUint16(b[10:], uint16(s.Width))
	binary.LittleEndian.PutUint16(b[12:], uint16(s.Height))
	b[14] = byte(len(s.Name))
	b = append(b, s.Name...)
	for i := range n {
		l := noLabel
		if s.Labels != nil {
			l = s.Labels[i]
			if l < 0 || l > 9 {
				return nil, fmt.Errorf("dataset: cannot encode %q: label %d of image %d is outside 0..9", s.Name, l, i)
			}
		}
		b = append(b, byte(l))
	}
	for i, img := range s.Images {
		if len(img) != size {
			return nil, fmt.Errorf("dataset: cannot encode %q: image %d has %d pixels, want %d", s.Name, i, len(img), size)
		}
		packed := make([]byte, per)
		for p, v := range img {
			switch v {
			case 0:
			case 1:
				packed[p/8] |= 0x80 >> (p % 8)
			default:
				return nil, fmt.Errorf("dataset: cannot encode %q: pixel %d of image %d is %v, not 0 or 1", s.Name, p, i, v)
			}
		}
		b = append(b, packed...)
	}
	return b, nil
}

// UnmarshalSet decodes a Set from the WSDS format (see MarshalBinary). It
// returns an error that says what is wrong with truncated, oversized or
// corrupt input, and never panics.
func UnmarshalSet(b []byte) (*Set, error) {
	if len(b) < codecHeader {
		return nil, fmt.Errorf("dataset: WSDS data truncated: %d bytes, the header alone takes %d", len(b), codecHeader)
	}
	if string(b[:4]) != codecMagic {
		return nil, fmt.Errorf("dataset: not WSDS data (magic %q, want %q)", b[:4], codecMagic)
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != codecVersion {
		return nil, fmt.Errorf("dataset: WSDS version %d, this reader knows version %d", v, codecVersion)
	}
	n := uint64(binary.LittleEndian.Uint32(b[6:]))
	w := int(binary.LittleEndian.Uint16(b[10:]))
	h := int(binary.LittleEndian.Uint16(b[12:]))
	nameLen := int(b[14])
	if w == 0 || h == 0 {
		return nil, fmt.Errorf("dataset: WSDS image size %dx%d is empty", w, h)
	}
	rest := b[codecHeader:]
	if len(rest) < nameLen {
		return nil, fmt.Errorf("dataset: WSDS data truncated in the name (%d of %d bytes)", len(rest), nameLen)
	}
	name := string(rest[:nameLen])
	if !utf8.ValidString(name) {
		return nil, errors.New("dataset: WSDS name is not UTF-8")
	}
	rest = rest[nameLen:]
	size := w * h
	per := uint64(size+7) / 8
	if want := n + n*per; uint64(len(rest)) != want {
		kind := "truncated"
		if uint64(len(rest)) > want {
			kind = "too long"
		}
		return nil, fmt.Errorf("dataset: WSDS data %s: %d images of %dx%d need %d bytes of labels and pixels after the header, have %d", kind, n, w, h, want, len(rest))
	}
	s := &Set{Name: name, Width: w, Height: h}
	labels, pixels := rest[:n], rest[n:]
	if n > 0 && labels[0] != noLabel {
		s.Labels = make([]int, n)
	}
	for i, l := range labels {
		if s.Labels == nil {
			if l != noLabel {
				return nil, fmt.Errorf("dataset: WSDS labels corrupt: image 0 has no label but image %d has %d", i, l)
			}
			continue
		}
		if l > 9 {
			return nil, fmt.Errorf("dataset: WSDS label %d of image %d is outside 0..9", l, i)
		}
		s.Labels[i] = int(l)
	}
	pix := make([]float64, int(n)*size)
	s.Images = make([][]float64, n)
	for i := range s.Images {
		packed := pixels[uint64(i)*per : uint64(i+1)*per]
		img := pix[i*size : (i+1)*size : (i+1)*size]
		for p := range img {
			if packed[p/8]&(0x80>>(p%8)) != 0 {
				img[p] = 1
			}
		}
		if pad := size % 8; pad != 0 && packed[per-1]&(0xFF>>pad) != 0 {
			return nil, fmt.Errorf("dataset: WSDS image %d has padding bits set", i)
		}
		s.Images[i] = img
	}
	return s, nil
}
