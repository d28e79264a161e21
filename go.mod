module github.com/panther-go/panther

go 1.26
