package main

import "context"

func subnetGroupScenario(ctx context.Context, t *T)    { t.Fatalf("not written yet") }
func parameterGroupScenario(ctx context.Context, t *T) { t.Fatalf("not written yet") }
func clusterModeScenario(ctx context.Context, t *T)    { t.Fatalf("not written yet") }
