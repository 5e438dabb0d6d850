package specgate

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Acknowledgements are the deliberate breaking changes of an
// acknowledgement file, by the info.version that ships them.
//
// The file is Markdown: prose, then one "## <version>" section per
// version with one "- " list item per change, each on one line in the
// form oasdiff's ignore files take ("GET /path removed the ..."). Headings
// and items start their line, so an indented example is prose, as is
// anything else in a section.
type Acknowledgements map[Version][]string

// ReadAcknowledgements reads the acknowledgement file at path; a file that
// does not exist acknowledges nothing.
func ReadAcknowledgements(path string) (Acknowledgements, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return Acknowledgements{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	acks, err := ParseAcknowledgements(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return acks, nil
}

// ParseAcknowledgements parses an acknowledgement file.
func ParseAcknowledgements(r io.Reader) (Acknowledgements, error) {
	acks := Acknowledgements{}
	var section *Version
	s := bufio.NewScanner(r)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimRight(s.Text(), " \t\r")
		if heading, ok := strings.CutPrefix(line, "## "); ok {
			v, err := ParseVersion(strings.TrimSpace(heading))
			if err != nil {
				return nil, fmt.Errorf("line %d: a section is named by the info.version that ships its changes: %w", n, err)
			}
			if _, dup := acks[v]; dup {
				return nil, fmt.Errorf("line %d: a second section for %s", n, v)
			}
			acks[v] = nil
			section = &v
			continue
		}
		item, ok := strings.CutPrefix(line, "- ")
		if !ok || section == nil {
			continue
		}
		acks[*section] = append(acks[*section], strings.TrimSpace(item))
	}
	return acks, s.Err()
}
