import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import { describeStoreContract, type StoreHarness } from "./store.contract.ts";
import { describeStoreEventsContract } from "./store-events.contract.ts";
import { describeStoreGroupContract } from "./store-group.contract.ts";

async function open(): Promise<StoreHarness> {
  const store = new MemoryStore();
  return { store, cleanup: () => store.close() };
}

describeStoreContract("memory", open);
describeStoreEventsContract("memory", open);
describeStoreGroupContract("memory", open);
