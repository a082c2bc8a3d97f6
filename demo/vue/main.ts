import { createApp } from 'vue';
import { ConnectWidgetPlugin } from 'connect-widget/vue';
import App from './App.vue';

// The plugin registers <ConnectWidget> and <ConnectForm> (also written <connect-widget>, <connect-form>)
// in every template; without it, import the components where they are used (Integrations.vue does).
createApp(App).use(ConnectWidgetPlugin).mount('#app');
