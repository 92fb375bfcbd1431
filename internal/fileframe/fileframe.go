package fileframe

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// Meta is meta as the frame's JSON meta data: nothing when meta is empty.
// It fails if meta is not JSON or is longer than max bytes of it.
func Meta(meta map[string]any, max int) ([]byte, error) {
	if len(meta) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("meta data: %w", err)
	}
	if len(b) > max {
		return nil, fmt.Errorf("meta data is %d bytes of JSON, at most %d fit", len(b), max)
	}
	return b, nil
}

// AppendHeader appends to b the header of a file: magic, version, the
// layer sizes and the meta data (from Meta). The caller has checked that
// there are at most 255 layers.
func AppendHeader(b []byte, magic string, version uint16, sizes []int, meta []byte) []byte {
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint16(b, version)
	b = append(b, byte(len(sizes)))
	for _, n := range sizes {
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(meta)))
	return append(b, meta...)
}

// Seal appends the CRC-32 (IEEE) of b to b: the last field of a file.
func Seal(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

// Checksum returns the CRC-32 of a file's bytes before its last four, and
// the sum those four hold; they differ in a damaged file. b must be at
// least 4 bytes long.
func Checksum(b []byte) (sum, want uint32) {
	return crc32.ChecksumIEEE(b[:len(b)-4]), binary.LittleEndian.Uint32(b[len(b)-4:])
}
