import { render } from 'preact';
import { Queue } from '../../components/pages/Queue';
import '../../components/pages/ui/tokens.css';
import '../../components/pages/queue.css';

render(<Queue />, document.getElementById('app')!);
