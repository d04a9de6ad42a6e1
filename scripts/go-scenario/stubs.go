package main

import "context"

func userGroupScenario(ctx context.Context, t *T)                  { t.Fatalf("not written yet") }
func associationScenario(ctx context.Context, t *T)                { t.Fatalf("not written yet") }
func concurrentAssociationsScenario(ctx context.Context, t *T)     { t.Fatalf("not written yet") }
func groupUpdateAfterUserDeleteScenario(ctx context.Context, t *T) { t.Fatalf("not written yet") }
func modifyUserWhileModifyingScenario(ctx context.Context, t *T)   { t.Fatalf("not written yet") }
func replicationGroupScenario(ctx context.Context, t *T)           { t.Fatalf("not written yet") }
func subnetGroupScenario(ctx context.Context, t *T)                { t.Fatalf("not written yet") }
func parameterGroupScenario(ctx context.Context, t *T)             { t.Fatalf("not written yet") }
func clusterModeScenario(ctx context.Context, t *T)                { t.Fatalf("not written yet") }
