import { render } from 'preact';
import { Queue } from '../../components/Queue';
import '../../components/queue.css';

render(<Queue />, document.getElementById('app')!);
