// Starts the runtime app (src/runtime/App.vue) and gives the test a synchronous-looking remount: Vue patches the
// DOM on its next tick, so each step awaits it.
import { createApp, nextTick } from 'vue';
import App, { type AppConfig } from './App.vue';

declare global {
  interface Window {
    appConfig: AppConfig;
    appEvents: string[];
    vueApp?: { setModelId(modelId: string): void; setMounted(mounted: boolean): void };
    /** Unmounts the element with v-if and mounts it again, each step patched into the DOM. */
    remount(): Promise<void>;
  }
}

createApp(App).mount('#app');

window.remount = async () => {
  window.vueApp!.setMounted(false);
  await nextTick();
  window.vueApp!.setMounted(true);
  await nextTick();
};
