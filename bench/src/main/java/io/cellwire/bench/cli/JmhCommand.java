package io.cellwire.bench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cellwire jmh [JMH args]}: runs the JMH benchmarks packed in this jar by handing every argument, unparsed, to
 * {@code org.openjdk.jmh.Main} (so {@code cellwire jmh -h} is JMH's help and {@code cellwire jmh -l} lists the
 * benchmarks). Forked benchmark JVMs reuse this jar's class path. Runs on the calling thread; JMH may exit the JVM
 * itself on errors.
 */
@Command(
    name = "jmh",
    description = "Runs the JMH benchmarks in this jar; every argument goes to org.openjdk.jmh.Main (-h, -l, ...).")
public final class JmhCommand implements Callable<Integer>
{
    @Parameters(arity = "0..*", paramLabel = "JMH_ARG", description = "Arguments for JMH, e.g. -f 1 -prof gc Codec.")
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        org.openjdk.jmh.Main.main(args.toArray(new String[0]));
        return 0;
    }
}
