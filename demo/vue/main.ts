// The demo's Vue page: examples/vue/Integrations.vue (the README's Vue snippet) in a small Vue app,
// with no `isCustomElement` setting. The package tests build this page against the packed package.
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
