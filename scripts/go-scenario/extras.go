package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Debian's aws-sdk-go-v2 (service/elasticache 1.22, 2022) predates members the provider now sends
// and reads: AuthenticationMode on CreateUser/ModifyUser, TransitEncryptionMode, ClusterMode,
// IpDiscovery, NetworkType. They are added here through the SDK's own middleware stack: extra form
// parameters join the serialized Query body before the SDK signs it, and the raw XML answer is kept
// beside the SDK's parsed output so those members can be read. Everything else is the SDK's.

// withParams adds Query parameters (e.g. "AuthenticationMode.Type": "iam") to one call.
func withParams(params map[string]string) func(*elasticache.Options) {
	return func(o *elasticache.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Serialize.Insert(middleware.SerializeMiddlewareFunc("cachewardenExtraParams",
				func(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
					req, ok := in.Request.(*smithyhttp.Request)
					if !ok {
						return middleware.SerializeOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
					}
					var body []byte
					if s := req.GetStream(); s != nil {
						b, err := io.ReadAll(s)
						if err != nil {
							return middleware.SerializeOutput{}, middleware.Metadata{}, err
						}
						body = b
					}
					keys := make([]string, 0, len(params))
					for k := range params {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					var extra strings.Builder
					for _, k := range keys {
						extra.WriteString("&" + url.QueryEscape(k) + "=" + url.QueryEscape(params[k]))
					}
					body = append(body, extra.String()...)
					r, err := req.SetStream(bytes.NewReader(body))
					if err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					in.Request = r
					return next.HandleSerialize(ctx, in)
				}), "OperationSerializer", middleware.After)
		})
	}
}

// rawXML keeps the raw answer of one call; pass rawInto(&raw) as an option.
type rawXML struct{ body []byte }

func rawInto(dst *rawXML) func(*elasticache.Options) {
	return func(o *elasticache.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Deserialize.Insert(middleware.DeserializeMiddlewareFunc("cachewardenRawBody",
				func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
					out, md, err := next.HandleDeserialize(ctx, in)
					if err != nil {
						return out, md, err
					}
					if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp.Body != nil {
						b, rerr := io.ReadAll(resp.Body)
						resp.Body.Close()
						if rerr != nil {
							return out, md, rerr
						}
						dst.body = b
						resp.Body = io.NopCloser(bytes.NewReader(b))
					}
					return out, md, err
				}), "OperationDeserializer", middleware.After)
		})
	}
}

// node is a parsed XML element.
type node struct {
	name     string
	text     string
	children []*node
}

func parseXML(b []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			n := &node{name: e.Name.Local}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(e)
		}
	}
}

// all returns every element reached by the path of names below n.
func (n *node) all(path ...string) []*node {
	cur := []*node{n}
	for _, p := range path {
		var next []*node
		for _, c := range cur {
			for _, ch := range c.children {
				if ch.name == p {
					next = append(next, ch)
				}
			}
		}
		cur = next
	}
	return cur
}

// first is the trimmed text of the first element on the path, and whether there was one.
func (n *node) first(path ...string) (string, bool) {
	found := n.all(path...)
	if len(found) == 0 {
		return "", false
	}
	return strings.TrimSpace(found[0].text), true
}

// descend finds the first element named name anywhere below n (depth first).
func (n *node) descend(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
		if d := c.descend(name); d != nil {
			return d
		}
	}
	return nil
}
