import { MemoryStore } from "../../src/store/memory/memory-store.ts";
import { describeStoreContract } from "./store.contract.ts";

describeStoreContract("memory", async () => {
  const store = new MemoryStore();
  return { store, cleanup: () => store.close() };
});
